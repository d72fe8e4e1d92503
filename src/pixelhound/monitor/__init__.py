"""`pixelhound monitor`: scan a fleet round after round, store each round, and alert on what changed."""
