package io.keywarden.platform.web.internal;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a lost database apart from a bug. A pooled connection that the server ended surfaces as
 * whatever the failing step was (often "unable to roll back", an uncategorised exception), so the
 * exception's type is not enough: the cause chain is read for a connection-level failure.
 */
final class StorageFailures {

    /**
     * What HikariCP's proxy says, without a SQLState, when a statement or rollback runs on a pooled
     * connection it has already closed because the server ended it.
     */
    private static final String CLOSED_BY_POOL = "Connection is closed";

    private StorageFailures() {}

    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SocketException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && (isConnectionState(sql.getSQLState()) || CLOSED_BY_POOL.equals(sql.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    /** SQLState class 08 (connection exception) and 57P01-57P03 (server shutting down or refusing). */
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
}
