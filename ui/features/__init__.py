"""GUI features, each installed into the main window by ``install(window)`` (see ``ui.main_window.FEATURES``).

A feature owns its pages, dialogs and menu actions; it reaches the data only through ``window.store`` (the core's
services) and hears of changes through ``window.changed`` and ``window.store_replaced``.
"""
