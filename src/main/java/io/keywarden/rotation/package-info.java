/**
 * Rotating keys: the rotate endpoint (a successor made by the create protocol), retirement of
 * the old key after its grace period, the age watch, and automatic rotation for the clients with
 * {@code auto-rotate} (the age watch rotates their keys; they fetch and acknowledge the sealed
 * secrets of the successors).
 */
@ApplicationModule(
        allowedDependencies = {
            "platform",
            "identity",
            "audit",
            "jobs",
            "accesskey",
            "issuance",
            "lease",
            "upstream",
            "events"
        })
package io.keywarden.rotation;

import org.springframework.modulith.ApplicationModule;
