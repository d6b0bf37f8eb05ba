"""People across sources: their names in several scripts and forms, matching, merging."""
