"""The rectification workflow: gap snapshots, supervision cases and their audit trail.

Why its own package: it is the only part of gridnet besides the loaders that writes
to the graph after a load, and its writes (snapshots, 交办, 报整改, 销号) follow a
state machine the catalog queries and the console must never touch. `cases` holds
every write; `snapshot` derives the findings from the gap rules; `review` reads
cases, histories and trends; `events_file` validates bulk workflow files;
`commands` is the CLI.
"""
