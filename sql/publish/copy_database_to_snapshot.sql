-- Copy every table (rows, keys, COMMENTs) and view of {{source}} into the attached snapshot.
copy from database {{source}} to {{snapshot}}
