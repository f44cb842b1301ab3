"""What happened after the advice: each run against the day's verdict, how the legs felt, the
athlete's own soreness response, level suggestions and how the rules worked (DESIGN §2
"outcomes")."""
