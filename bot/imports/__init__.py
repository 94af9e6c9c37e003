"""Import actions from Annex tables and letters: text or files in (bot.imports.parse), a
preview plan, then the actions written (bot.imports.service)."""
