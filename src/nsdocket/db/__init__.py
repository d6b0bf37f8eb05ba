"""Database access: schema, engine, migrations and the audited writer."""

# Every table module registers its tables on the shared metadata; import them all here so that
# migrations, dumps and schema checks see the whole schema whatever imported `nsdocket.db` first.
from nsdocket.db import auth_schema, documents_schema, facts, schema  # noqa: F401
