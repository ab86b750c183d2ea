"""The officer's area (/my/) and their authority's submission to the current round:
`access` (who the officer is, their submission, and the one shape of an editing page),
`home` (/my/ and past submissions), `sections`, `missions` and `check` (the pages)."""
