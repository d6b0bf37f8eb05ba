"""Database access: schema, engine, migrations and the audited writer."""
