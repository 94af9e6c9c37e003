"""Every Block Kit action_id and view callback_id, named "<feature>.<verb>"."""

# The import form (a modal), and the buttons on an import's preview and file offer.
IMPORT_MODAL = "import.submit"
IMPORT_CONFIRM = "import.confirm"
IMPORT_CANCEL = "import.cancel"
IMPORT_OFFER = "import.offer"

# On each action of a summary's "Proposed for closure" section: the board agreed to close it.
CLOSURE_CLOSE = "closure.close"

# On actions and boards wherever the bot shows them: act on them in place.
ACTION_DONE = "action.done"  # button: opens the Mark done form
ACTION_UPDATE = "action.update"  # button: opens the Update form
ACTION_SNOOZE = "action.snooze"  # static_select: options "day", "week", "meeting"
ACTION_SHOW = "action.show"  # button: shows the action's card privately
ACTION_ADD = "action.add"  # button: opens the add form; value "" or a board id
IMPORT_OPEN = "import.open"  # button: opens the import form; value "" or a board id

# The add form (a modal), and the message shortcut that opens it with the message's text.
ADD_MODAL = "action.add_submit"
ACTION_FROM_MESSAGE = "action.from_message"

# The forms the Mark done and Update buttons open.
DONE_MODAL = "action.done_form"
UPDATE_MODAL = "action.update_form"

# Previous / Next under a list: the value carries the list's words and the page to show.
LIST_PAGE = "list.page"

# On a secretary's escalation: remind the action's leads again now (as /actions remind).
ESCALATION_REMIND = "escalation.remind"

# On the Home tab: a board's summary sent to its secretary, and the pages of a long Home. A
# page button's value is JSON {"mine": <page of my actions>, "boards": <page of my boards>}.
HOME_SUMMARY = "home.summary"
HOME_PREVIOUS = "home.previous"
HOME_NEXT = "home.next"
