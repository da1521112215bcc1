package io.keywarden.issuance.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.identity.Caller;
import io.keywarden.identity.ClientSealKeyRegistry;
import io.keywarden.identity.ConfiguredClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator's change to the key a client's secrets are sealed to, and its audit event, in one
 * commit. The keys belong to {@code identity}, which keeps them; they are changed from here, the
 * module that seals, because {@code identity} sits below {@code audit} and cannot audit itself.
 */
@Service
class ClientSealKeyChanges {

    private final ClientSealKeyRegistry registry;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    ClientSealKeyChanges(ClientSealKeyRegistry registry, AuditLog audit, TransactionTemplate transactions) {
        this.registry = registry;
        this.audit = audit;
        this.transactions = transactions;
    }

    ConfiguredClient set(Caller operator, String client, String publicKey) {
        return transactions.execute(tx -> {
            ConfiguredClient changed = registry.register(client, publicKey, operator.name());
            audit.append(AuditEntry.of(operator, AuditAction.SET_CLIENT_SEAL_KEY, AuditOutcome.SUCCEEDED)
                    .detail("client " + client + " now seals its secrets to " + changed.sealTo() + " (set here)"));
            return changed;
        });
    }

    ConfiguredClient remove(Caller operator, String client) {
        return transactions.execute(tx -> {
            ConfiguredClient changed = registry.unregister(client);
            audit.append(AuditEntry.of(operator, AuditAction.REMOVE_CLIENT_SEAL_KEY, AuditOutcome.SUCCEEDED)
                    .detail("client " + client + " has no seal key set here; "
                            + (changed.sealTo() == null
                                    ? "it receives its secrets in clear"
                                    : "it seals to " + changed.sealTo() + " from configuration")));
            return changed;
        });
    }
}
