package io.keywarden.rotation;

import io.keywarden.accesskey.KeyLifecycle;
import io.keywarden.issuance.IssueRequest;
import io.keywarden.issuance.Succession;
import org.springframework.stereotype.Component;

/**
 * What a rotation does to the key it replaces, inside the create protocol's transactions: the old
 * key is locked while its successor's intent is written (attempts to rotate it queue), it must be
 * ACTIVE to be rotated, and once the successor is recorded it turns ROTATING and keeps working
 * until {@code retireAt}, the grace period later, audited in its own history as
 * {@code SUPERSEDE_ACCESS_KEY} (the successor's history holds the {@code ROTATE_ACCESS_KEY} that
 * created it). See docs/architecture.md#creating-a-key-without-losing-it.
 */
@Component
class PredecessorKeys implements Succession {

    private final KeyLifecycle keys;

    PredecessorKeys(KeyLifecycle keys) {
        this.keys = keys;
    }

    @Override
    public void lock(String predecessor) {
        keys.lockForRotation(predecessor);
    }

    @Override
    public void requireReplaceable(String predecessor) {
        keys.requireRotatable(predecessor);
    }

    @Override
    public void succeeded(IssueRequest request, String successor) {
        keys.supersede(request.caller().name(), request.rotatedFrom(), successor);
    }
}
