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

#: Qt's tooltip of the print dialog's page range (one line in Qt's source)
PAGES_TIP = ("Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. "
             "E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.")

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
    # the print dialog and page setup (Linux draws Qt's own; Windows and macOS the system's, in its language)
    ("QPrintDialog", "Print"): N_("Print"),
    ("QPrintDialog", "&Print"): N_("&Print (the button of the print dialog)"),
    ("QPrintDialog", "&Options >>"): N_("&Options >>"),
    ("QPrintDialog", "&Options <<"): N_("&Options <<"),
    ("QPrintDialog", "Local file"): N_("Local file"),
    ("QPrintDialog", "Write PDF file"): N_("Write PDF file"),
    ("QPrintDialog", "Print to File (PDF)"): N_("Print to File (PDF)"),
    ("QPrintDialog", "Print To File ..."): N_("Print To File ..."),
    # its checks of the output file's name ("%1" is the file)
    ("QPrintDialog", "File %1 is not writable.\nPlease choose a different file name."):
        N_("File %1 is not writable.\nPlease choose a different file name."),
    ("QPrintDialog", "%1 is a directory.\nPlease choose a different file name."):
        N_("%1 is a directory.\nPlease choose a different file name."),
    ("QPrintDialog", "%1 already exists.\nDo you want to overwrite it?"):
        N_("%1 already exists.\nDo you want to overwrite it?"),
    ("QPrintDialog", "File exists"): N_("File exists"),
    ("QPrintDialog", "All Pages"): N_("All Pages"),
    ("QPrintDialog", "Odd Pages"): N_("Odd Pages"),
    ("QPrintDialog", "Even Pages"): N_("Even Pages"),
    ("QPrintDialog", "Left to Right, Top to Bottom"): N_("Left to Right, Top to Bottom"),
    ("QPrintDialog", "Left to Right, Bottom to Top"): N_("Left to Right, Bottom to Top"),
    ("QPrintDialog", "Right to Left, Bottom to Top"): N_("Right to Left, Bottom to Top"),
    ("QPrintDialog", "Right to Left, Top to Bottom"): N_("Right to Left, Top to Bottom"),
    ("QPrintDialog", "Bottom to Top, Left to Right"): N_("Bottom to Top, Left to Right"),
    ("QPrintDialog", "Bottom to Top, Right to Left"): N_("Bottom to Top, Right to Left"),
    ("QPrintDialog", "Top to Bottom, Left to Right"): N_("Top to Bottom, Left to Right"),
    ("QPrintDialog", "Top to Bottom, Right to Left"): N_("Top to Bottom, Right to Left"),
    ("QPrintWidget", "Printer"): N_("Printer"),
    ("QPrintWidget", "&Name:"): N_("&Name (of the printer):"),
    ("QPrintWidget", "P&roperties"): N_("P&roperties"),
    ("QPrintWidget", "Location:"): N_("Location (of the printer):"),
    ("QPrintWidget", "Type:"): N_("Type (of the printer):"),
    ("QPrintWidget", "Output &file:"): N_("Output &file:"),
    ("QPrintWidget", "Preview"): N_("Preview"),
    ("QPrintSettingsOutput", "Copies"): N_("Copies"),
    ("QPrintSettingsOutput", "Options"): N_("Options (of printing)"),
    ("QPrintSettingsOutput", "Print range"): N_("Print range"),
    ("QPrintSettingsOutput", "Print all"): N_("Print all"),
    ("QPrintSettingsOutput", "Pages from"): N_("Pages from"),
    ("QPrintSettingsOutput", "to"): N_("to (the last page to print)"),
    ("QPrintSettingsOutput", "Pages"): N_("Pages (a range to print)"),
    ("QPrintSettingsOutput", "Current Page"): N_("Current Page"),
    ("QPrintSettingsOutput", "Selection"): N_("Selection (what is selected)"),
    ("QPrintSettingsOutput", "Page &Set:"): N_("Page &Set:"),
    ("QPrintSettingsOutput", "Output Settings"): N_("Output Settings"),
    ("QPrintSettingsOutput", "Copies:"): N_("Copies:"),
    ("QPrintSettingsOutput", "Collate"): N_("Collate"),
    ("QPrintSettingsOutput", "Reverse"): N_("Reverse (the page order)"),
    ("QPrintSettingsOutput", "Color Mode"): N_("Color Mode"),
    ("QPrintSettingsOutput", "Color"): N_("Color (printing)"),
    ("QPrintSettingsOutput", "Grayscale"): N_("Grayscale"),
    ("QPrintSettingsOutput", "Double Sided Printing"): N_("Double Sided Printing"),
    ("QPrintSettingsOutput", "Off"): N_("Off (printing on one side)"),
    ("QPrintSettingsOutput", "Long side binding"): N_("Long side binding"),
    ("QPrintSettingsOutput", "Short side binding"): N_("Short side binding"),
    ("QPrintSettingsOutput", PAGES_TIP): N_("Specify pages or ranges separated by commas. Ranges are specified by "
                                           "two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 "
                                           "and 9."),
    ("QPageSetupWidget", "Paper"): N_("Paper"),
    ("QPageSetupWidget", "Page size:"): N_("Page size:"),
    ("QPageSetupWidget", "Width:"): N_("Width:"),
    ("QPageSetupWidget", "Height:"): N_("Height:"),
    ("QPageSetupWidget", "Paper source:"): N_("Paper source:"),
    ("QPageSetupWidget", "Orientation"): N_("Orientation (of the page)"),
    ("QPageSetupWidget", "Portrait"): N_("Portrait"),
    ("QPageSetupWidget", "Landscape"): N_("Landscape"),
    ("QPageSetupWidget", "Reverse landscape"): N_("Reverse landscape"),
    ("QPageSetupWidget", "Reverse portrait"): N_("Reverse portrait"),
    ("QPageSetupWidget", "Margins"): N_("Margins"),
    ("QPageSetupWidget", "top margin"): N_("top margin"),
    ("QPageSetupWidget", "left margin"): N_("left margin"),
    ("QPageSetupWidget", "right margin"): N_("right margin"),
    ("QPageSetupWidget", "bottom margin"): N_("bottom margin"),
    ("QPageSetupWidget", "Page Layout"): N_("Page Layout"),
    ("QPageSetupWidget", "Page &order:"): N_("Page &order:"),
    ("QPageSetupWidget", "Pages &per sheet:"): N_("Pages &per sheet:"),
    ("QPageSetupWidget", "Millimeters (mm)"): N_("Millimeters (mm)"),
    ("QPageSetupWidget", "Points (pt)"): N_("Points (pt)"),
    ("QPageSetupWidget", "Inches (in)"): N_("Inches (in)"),
    ("QPageSetupWidget", "Custom"): N_("Custom (page size)"),
    ("QPageSetupDialog", "Page Setup"): N_("Page Setup"),
    ("QPrintPreviewDialog", "Page Setup"): N_("Page Setup"),
    ("QPrintPropertiesDialog", "Printer Properties"): N_("Printer Properties"),
    ("QPrintPropertiesDialog", "Job Options"): N_("Job Options"),
    ("QPrintPropertiesWidget", "Page"): N_("Page (printer properties)"),
    ("QPrintPropertiesWidget", "Advanced"): N_("Advanced (printer properties)"),
    # the wizard's buttons (File → Import tracker of recommendations…), Linux and Windows styles
    ("QWizard", "< &Back"): N_("< &Back"),
    ("QWizard", "&Next >"): N_("&Next >"),
    ("QWizard", "&Next"): N_("&Next"),
    ("QWizard", "&Finish"): N_("&Finish"),
    ("QWizard", "Cancel"): N_("Cancel"),
    ("QWizard", "&Help"): N_("Help"),
    ("QWizard", "Go Back"): N_("Go Back"),
    ("QWizard", "Continue"): N_("Continue"),
    ("QWizard", "Done"): N_("Done"),
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
