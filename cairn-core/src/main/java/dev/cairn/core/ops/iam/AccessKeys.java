package dev.cairn.core.ops.iam;

import dev.cairn.core.CairnException;
import dev.cairn.core.ErrorCode;
import dev.cairn.core.api.CallContext;
import dev.cairn.core.iam.AccessKey;
import dev.cairn.core.iam.IdentityRepository;

import java.io.IOException;
import java.util.Optional;

/**
 * Finding the key an update or delete names: it must belong to the target user (the caller by default) in the
 * caller's account, else IAM answers as if it did not exist.
 */
final class AccessKeys
{
    private AccessKeys() {}

    static AccessKey requireKey(IdentityRepository identities, CallContext call)
            throws IOException
    {
        String keyId = Iam.text(call, "AccessKeyId");
        Optional<String> userName = Iam.targetUser(call);
        if (userName.isPresent()) {
            userName = Optional.of(Iam.requireUser(identities, call.accountId(), userName.get()).userName());
        }
        Optional<String> owner = userName;
        return identities.accessKey(keyId)
                .filter(key -> key.accountId().equals(call.accountId()))
                .filter(key -> key.userName().map(name -> name.equalsIgnoreCase(owner.orElse(""))).orElse(owner.isEmpty()))
                .orElseThrow(() -> new CairnException(ErrorCode.NO_SUCH_ENTITY, "The Access Key with id " + keyId + " cannot be found."));
    }
}
