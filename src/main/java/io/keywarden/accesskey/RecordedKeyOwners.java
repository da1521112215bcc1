package io.keywarden.accesskey;

import io.keywarden.audit.KeyOwners;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Tells the audit log whose a key is, from its row in {@code access_key}. */
@Component
class RecordedKeyOwners implements KeyOwners {

    private final AccessKeyRepository keys;

    RecordedKeyOwners(AccessKeyRepository keys) {
        this.keys = keys;
    }

    @Override
    public Optional<String> userOf(String accessKeyId) {
        return keys.findByAccessKeyId(accessKeyId).map(AccessKey::userName);
    }
}
