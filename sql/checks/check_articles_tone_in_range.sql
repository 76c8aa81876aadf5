select count(*) from articles where tone < -1 or tone > 1 or tone is null
