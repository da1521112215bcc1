package io.keywarden.identity;

import java.util.Set;

/**
 * The configured clients whose keys keywarden rotates by itself once they pass the rotation
 * policy's maximum age ({@code keywarden.identity.clients[].auto-rotate}). Each has a
 * {@code seal-to} ({@link ClientSealKeys}): the start-up stops otherwise, so the secret of such a
 * rotation is only ever handed out sealed.
 */
public interface AutoRotatingClients {

    /** The names of the clients with {@code auto-rotate: true}; empty when there are none. */
    Set<String> names();
}
