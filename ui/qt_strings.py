"""Vietnamese for the strings Qt draws itself: standard buttons (OK, Cancel, Yes, No…), the widget file dialog, the
text fields' context menu, message-box details.

Qt ships no Vietnamese catalogue (``qtbase_vi.qm`` does not exist), so every confirmation in the app showed English
buttons under a Vietnamese question. Rather than a second catalogue format (.ts/.qm), Qt's lookups go through a
``QTranslator`` that answers from ssdesk's own gettext catalogue: the strings are listed here with ``N_`` so that
``tools/i18n.py`` extracts them and the catalogue test demands their translation like any other.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from ssdesk.i18n import N_, _

#: (Qt's translation context, Qt's source text) → ssdesk's msgid. Where Qt's text is already an ssdesk msgid with
#: another meaning ("Open" is a recommendation's state), the msgid says which one is meant.
QT_STRINGS: dict[tuple[str, str], str] = {
    # QPlatformTheme::defaultStandardButtonText: every QMessageBox, QDialogButtonBox, QInputDialog
    ("QPlatformTheme", "OK"): N_("OK"),
    ("QPlatformTheme", "Save"): N_("Save"),
    ("QPlatformTheme", "Save All"): N_("Save All"),
    ("QPlatformTheme", "Open"): N_("Open (a file)"),
    ("QPlatformTheme", "&Yes"): N_("&Yes"),
    ("QPlatformTheme", "Yes to &All"): N_("Yes to &All"),
    ("QPlatformTheme", "&No"): N_("&No"),
    ("QPlatformTheme", "N&o to All"): N_("N&o to All"),
    ("QPlatformTheme", "Abort"): N_("Abort"),
    ("QPlatformTheme", "Retry"): N_("Retry"),
    ("QPlatformTheme", "Ignore"): N_("Ignore"),
    ("QPlatformTheme", "Close"): N_("Close"),
    ("QPlatformTheme", "Cancel"): N_("Cancel"),
    ("QPlatformTheme", "Discard"): N_("Discard"),
    ("QPlatformTheme", "Close without Saving"): N_("Close without Saving"),
    ("QPlatformTheme", "Help"): N_("Help"),
    ("QPlatformTheme", "Apply"): N_("Apply"),
    ("QPlatformTheme", "Reset"): N_("Reset"),
    ("QPlatformTheme", "Restore Defaults"): N_("Restore Defaults"),
    ("QMessageBox", "Show Details..."): N_("Show Details..."),
    ("QMessageBox", "Hide Details..."): N_("Hide Details..."),
    # the widget-based file dialog (Linux; Windows and macOS draw their own, in the system's language)
    ("QFileDialog", "&Look in:"): N_("&Look in:"),
    ("QFileDialog", "File &name:"): N_("File &name:"),
    ("QFileDialog", "Files of &type:"): N_("Files of &type:"),
    ("QFileDialog", "&Open"): N_("&Open (a file)"),
    ("QFileDialog", "&Save"): N_("&Save (a file)"),
    ("QFileDialog", "&Choose"): N_("&Choose"),
    ("QFileDialog", "Open"): N_("Open (a file)"),
    ("QFileDialog", "Save As"): N_("Save As"),
    ("QFileDialog", "Back"): N_("Back"),
    ("QFileDialog", "Forward"): N_("Forward"),
    ("QFileDialog", "Parent Directory"): N_("Parent Directory"),
    ("QFileDialog", "Create New Folder"): N_("Create New Folder"),
    ("QFileDialog", "List View"): N_("List View"),
    ("QFileDialog", "Detail View"): N_("Detail View"),
    ("QFileDialog", "All Files (*)"): N_("All Files (*)"),
    ("QFileDialog", "Directories"): N_("Directories"),
    ("QFileDialog", "&Delete"): N_("&Delete"),
    ("QFileDialog", "&Rename"): N_("&Rename"),
    ("QFileDialog", "Show &hidden files"): N_("Show &hidden files"),
    ("QFileDialog", "&New Folder"): N_("&New Folder"),
    ("QFileDialog", "Computer"): N_("Computer"),
    ("QFileSystemModel", "Computer"): N_("Computer"),
    ("QFileSystemModel", "My Computer"): N_("Computer"),
    ("QAbstractFileIconProvider", "Folder"): N_("Folder"),
    ("QAbstractFileIconProvider", "Drive"): N_("Drive"),
    ("QFileSystemModel", "Name"): N_("Name (of a file)"),
    ("QFileSystemModel", "Size"): N_("Size"),
    ("QFileSystemModel", "Type"): N_("Type (of a file)"),
    ("QFileSystemModel", "Date Modified"): N_("Date Modified"),
    # right-click menu of every text field
    ("QLineEdit", "&Undo"): N_("&Undo"),
    ("QLineEdit", "&Redo"): N_("&Redo"),
    ("QLineEdit", "Cu&t"): N_("Cu&t"),
    ("QLineEdit", "&Copy"): N_("&Copy"),
    ("QLineEdit", "&Paste"): N_("&Paste"),
    ("QLineEdit", "Delete"): N_("Delete"),
    ("QLineEdit", "Select All"): N_("Select All"),
    ("QLineEdit", "&Select All"): N_("&Select All"),
    ("QWidgetTextControl", "&Undo"): N_("&Undo"),
    ("QWidgetTextControl", "&Redo"): N_("&Redo"),
    ("QWidgetTextControl", "Cu&t"): N_("Cu&t"),
    ("QWidgetTextControl", "&Copy"): N_("&Copy"),
    ("QWidgetTextControl", "Copy &Link Location"): N_("Copy &Link Location"),
    ("QWidgetTextControl", "&Paste"): N_("&Paste"),
    ("QWidgetTextControl", "Delete"): N_("Delete"),
    ("QWidgetTextControl", "Select All"): N_("Select All"),
    ("QWidgetTextControl", "&Select All"): N_("&Select All"),
}


class CatalogueTranslator(QTranslator):
    """Answers Qt's own lookups listed in :data:`QT_STRINGS` from the gettext catalogue of the current language."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        """``None`` (a null QString) lets Qt keep its own text; an empty string would blank it out."""
        msgid = QT_STRINGS.get((context, source))
        if msgid is None:
            return None  # not ours
        text = _(msgid)
        return None if text == msgid else text  # no translation (English): Qt's text

    def isEmpty(self) -> bool:
        return False


def install(app: QCoreApplication) -> QTranslator:
    """Put the translator in place once; it follows :func:`ssdesk.i18n.set_language` by itself (in English it
    answers nothing and Qt keeps its own text)."""
    translator = CatalogueTranslator(app)
    QCoreApplication.installTranslator(translator)
    return translator
