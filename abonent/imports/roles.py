"""Who loads files and reads the import log (merged into staff.roles); what an import writes is each app's own."""

PERMISSIONS = {
    "head_of_retention": ["imports.view_importrun", "imports.add_importrun"],
    "analyst": ["imports.view_importrun"],
}
