"""Every Block Kit action_id and view callback_id, named "<feature>.<verb>"."""

# The import form (a modal), and the buttons on an import's preview and file offer.
IMPORT_MODAL = "import.submit"
IMPORT_CONFIRM = "import.confirm"
IMPORT_CANCEL = "import.cancel"
IMPORT_OFFER = "import.offer"

# On each action of a summary's "Proposed for closure" section: the board agreed to close it.
CLOSURE_CLOSE = "closure.close"

# On actions and boards wherever the bot shows them: act on them in place.
ACTION_DONE = "action.done"
ACTION_UPDATE = "action.update"
ACTION_SNOOZE = "action.snooze"
ACTION_SHOW = "action.show"
ACTION_ADD = "action.add"
IMPORT_OPEN = "import.open"

# The add form (a modal), and the message shortcut that opens it with the message's text.
ADD_MODAL = "action.add_submit"
ACTION_FROM_MESSAGE = "action.from_message"
