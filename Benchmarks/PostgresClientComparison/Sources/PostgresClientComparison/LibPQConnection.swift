import PostgresClient

/// The project's connection type under a name PostgresNIO's types do not shadow (this file sees only ours).
typealias LibPQConnection = PostgresConnection
