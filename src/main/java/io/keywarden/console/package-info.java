/**
 * The operator console at {@code /console}: server-rendered pages over the other modules'
 * APIs, with its own session-based filter chain.
 */
@ApplicationModule(
        allowedDependencies = {
            "platform",
            "identity",
            "audit",
            "jobs",
            "accesskey",
            "issuance",
            "rotation",
            "lease",
            "revocation",
            "upstream"
        })
package io.keywarden.console;

import org.springframework.modulith.ApplicationModule;
