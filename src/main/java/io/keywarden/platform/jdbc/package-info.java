/**
 * Storage plumbing shared by the modules that write: {@link io.keywarden.platform.jdbc.DeferredWrites}
 * sends the statements of several records committed together as JDBC batches. It names no table;
 * each module keeps writing its own.
 */
package io.keywarden.platform.jdbc;
