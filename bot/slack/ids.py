"""Every Block Kit action_id and view callback_id, named "<feature>.<verb>"."""

# The import form (a modal), and the buttons on an import's preview and file offer.
IMPORT_MODAL = "import.submit"
IMPORT_CONFIRM = "import.confirm"
IMPORT_CANCEL = "import.cancel"
IMPORT_OFFER = "import.offer"

# On each action of a summary's "Proposed for closure" section: the board agreed to close it.
CLOSURE_CLOSE = "closure.close"
