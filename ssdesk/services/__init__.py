"""Domain services: the only way the GUI and the CLI change data. Each public write is one transaction, checks its
input first and raises :class:`ssdesk.errors.ValidationError` with every problem found, writing nothing."""
