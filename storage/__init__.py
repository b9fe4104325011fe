"""Object storage backends, the database engine/session, and crud functions (one module per noun)."""
