"""Every write to the back office's data goes through a function here (entity_verb names)."""
