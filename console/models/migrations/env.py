"""Alembic environment: the engine comes from console.models.db (no alembic.ini needed)."""

from alembic import context

import console.models.light_history
import console.models.supervision_schema  # noqa: F401  (registers the supervision tables on Base)
from console.models.schema import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # plain `alembic` command line: fall back to the resolved URL
    from console.models.db import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
