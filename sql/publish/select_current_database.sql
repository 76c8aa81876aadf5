-- The name of the connection's own database (the snapshot's source).
select current_database()
