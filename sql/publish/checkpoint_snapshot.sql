-- Write the snapshot's WAL into its file, so no .wal is left beside it.
checkpoint {{snapshot}}
