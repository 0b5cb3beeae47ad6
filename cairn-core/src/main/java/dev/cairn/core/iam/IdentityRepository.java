package dev.cairn.core.iam;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.Json;
import dev.cairn.spi.Document;
import dev.cairn.spi.MetadataReader;
import dev.cairn.spi.MetadataWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Accounts, IAM users, access keys and user policies as metadata documents.
 *
 * <p>Layout (kind / scope / key): {@code account / "" / id}; {@code iam.user / account / lower(name)};
 * {@code iam.access-key / "" / key id} (global, for authentication); {@code iam.user-access-key / account /
 * lower(owner)/key id}; {@code iam.user-policy / account / lower(user)/lower(policy)};
 * {@code iam.user-attached-policy / account / lower(user)/policy arn}; {@code iam.account-alias / "" / alias}
 * (global: an alias names one account) and {@code iam.alias-of-account / account / "alias"}. IAM names are unique regardless of case but
 * keep the case they were created with. The root user's keys are listed under the owner {@code #root}, which no IAM
 * user name can be.
 */
public final class IdentityRepository
{
    static final String ACCOUNT = "account";
    static final String USER = "iam.user";
    static final String ACCESS_KEY = "iam.access-key";
    static final String OWNER_ACCESS_KEY = "iam.user-access-key";
    static final String USER_POLICY = "iam.user-policy";
    static final String USER_ATTACHED_POLICY = "iam.user-attached-policy";
    static final String LOGIN_PROFILE = "iam.login-profile";
    static final String ACCOUNT_ALIAS = "iam.account-alias";
    static final String ALIAS_OF_ACCOUNT = "iam.alias-of-account";
    private static final String ROOT_OWNER = "#root";
    /** The member in which Cairn stored access keys' secrets before it encrypted them. */
    private static final String PLAINTEXT_SECRET = "secretAccessKey";
    private static final byte[] EMPTY = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final MetadataReader reader;
    private final ObjectMapper mapper = Json.mapper();

    public IdentityRepository(MetadataReader reader)
    {
        this.reader = requireNonNull(reader, "reader is null");
    }

    private MetadataWriter writer()
    {
        if (!(reader instanceof MetadataWriter writer)) {
            throw new IllegalStateException("read-only access");
        }
        return writer;
    }

    /** A page of a listing. */
    public record Page<T>(List<T> items, Optional<String> nextMarker)
    {
    }

    // accounts

    public List<Account> accounts()
            throws IOException
    {
        return decodeAll(reader.list(ACCOUNT, "", "", "", Integer.MAX_VALUE), Account.class);
    }

    public Optional<Account> account(String accountId)
            throws IOException
    {
        return decode(reader.get(ACCOUNT, "", accountId), Account.class);
    }

    /**
     * Reads the account's document inside a write batch, which in a store shared by several nodes holds it until the
     * batch commits: changes that check account-wide limits or names (trails, aliases) then run one at a time across
     * nodes.
     */
    public void lockAccount(String accountId)
            throws IOException
    {
        writer().get(ACCOUNT, "", accountId);
    }

    /** Returns false (and changes nothing) when an account with that id exists. */
    public boolean createAccount(Account account)
            throws IOException
    {
        return writer().insert(ACCOUNT, "", account.accountId(), encode(account));
    }

    // users

    public Optional<IamUser> user(String accountId, String userName)
            throws IOException
    {
        return decode(reader.get(USER, accountId, nameKey(userName)), IamUser.class);
    }

    /** Users in key order, starting after {@code marker}. */
    public Page<IamUser> users(String accountId, Optional<String> marker, int limit)
            throws IOException
    {
        List<Document> documents = reader.list(USER, accountId, "", marker.orElse(""), limit + 1);
        boolean more = documents.size() > limit;
        List<Document> page = more ? documents.subList(0, limit) : documents;
        return new Page<>(decodeAll(page, IamUser.class), more ? Optional.of(page.get(page.size() - 1).key()) : Optional.empty());
    }

    public int userCount(String accountId)
            throws IOException
    {
        return reader.count(USER, accountId, "");
    }

    /** Returns false when a user of that name (in any case) exists. */
    public boolean createUser(IamUser user)
            throws IOException
    {
        return writer().insert(USER, user.accountId(), nameKey(user.userName()), encode(user));
    }

    public void deleteUser(IamUser user)
            throws IOException
    {
        writer().delete(USER, user.accountId(), nameKey(user.userName()));
    }

    // access keys

    public Optional<AccessKey> accessKey(String accessKeyId)
            throws IOException
    {
        return decode(reader.get(ACCESS_KEY, "", accessKeyId), AccessKey.class);
    }

    /** Keys of an IAM user, or of the root user when {@code userName} is empty. */
    public List<AccessKey> accessKeys(String accountId, Optional<String> userName)
            throws IOException
    {
        List<AccessKey> keys = new ArrayList<>();
        for (Document index : reader.list(OWNER_ACCESS_KEY, accountId, ownerPrefix(userName), "", Integer.MAX_VALUE)) {
            String keyId = index.key().substring(index.key().lastIndexOf('/') + 1);
            accessKey(keyId).ifPresent(keys::add);
        }
        return keys;
    }

    /** Creates or updates a key. Its secret is stored only encrypted. */
    public void putAccessKey(AccessKey key)
            throws IOException
    {
        if (!AccessKeySecrets.isEncrypted(key.encryptedSecret())) {
            throw new IllegalArgumentException("the secret of access key " + key.accessKeyId() + " is not encrypted");
        }
        writer().put(ACCESS_KEY, "", key.accessKeyId(), encode(key));
        writer().put(OWNER_ACCESS_KEY, key.accountId(), ownerPrefix(key.userName()) + key.accessKeyId(), EMPTY);
    }

    /**
     * Encrypts every secret that an older Cairn stored in plaintext (member {@code secretAccessKey}), and checks that
     * every encrypted one decrypts with this master key: a store started with another master key fails here, at
     * start, rather than at each request. Returns how many secrets it encrypted.
     */
    public int encryptPlaintextSecrets(AccessKeySecrets secrets)
            throws IOException
    {
        int encrypted = 0;
        for (Document document : writer().list(ACCESS_KEY, "", "", "", Integer.MAX_VALUE)) {
            ObjectNode stored = (ObjectNode) mapper.readTree(document.value());
            JsonNode plaintext = stored.remove(PLAINTEXT_SECRET);
            if (plaintext == null) {
                secrets.decrypt(mapper.treeToValue(stored, AccessKey.class));
                continue;
            }
            stored.put("encryptedSecret", secrets.encrypt(document.key(), plaintext.asText()));
            AccessKey key = mapper.treeToValue(stored, AccessKey.class);
            writer().put(ACCESS_KEY, "", key.accessKeyId(), encode(key));
            encrypted++;
        }
        return encrypted;
    }

    public void deleteAccessKey(AccessKey key)
            throws IOException
    {
        writer().delete(ACCESS_KEY, "", key.accessKeyId());
        writer().delete(OWNER_ACCESS_KEY, key.accountId(), ownerPrefix(key.userName()) + key.accessKeyId());
    }

    // inline policies

    public Optional<InlinePolicy> userPolicy(String accountId, String userName, String policyName)
            throws IOException
    {
        return policies().inline(accountId, userName, policyName);
    }

    public List<InlinePolicy> userPolicies(String accountId, String userName)
            throws IOException
    {
        return policies().inline(accountId, userName);
    }

    public void putUserPolicy(String accountId, String userName, InlinePolicy policy)
            throws IOException
    {
        policies().putInline(accountId, userName, policy);
    }

    public boolean deleteUserPolicy(String accountId, String userName, String policyName)
            throws IOException
    {
        return policies().deleteInline(accountId, userName, policyName);
    }

    // console passwords

    /** The login profile of an IAM user, or of the root user when {@code userName} is empty. */
    public Optional<LoginProfile> loginProfile(String accountId, Optional<String> userName)
            throws IOException
    {
        return decode(reader.get(LOGIN_PROFILE, accountId, ownerPrefix(userName)), LoginProfile.class);
    }

    /** Returns false when the user already has one. */
    public boolean createLoginProfile(LoginProfile profile)
            throws IOException
    {
        return writer().insert(LOGIN_PROFILE, profile.accountId(), ownerPrefix(profile.userName()), encode(profile));
    }

    public void putLoginProfile(LoginProfile profile)
            throws IOException
    {
        writer().put(LOGIN_PROFILE, profile.accountId(), ownerPrefix(profile.userName()), encode(profile));
    }

    public boolean deleteLoginProfile(String accountId, Optional<String> userName)
            throws IOException
    {
        return writer().delete(LOGIN_PROFILE, accountId, ownerPrefix(userName));
    }

    // account aliases

    /** The account's alias (an account has at most one). */
    public Optional<String> accountAlias(String accountId)
            throws IOException
    {
        return reader.get(ALIAS_OF_ACCOUNT, accountId, "alias").map(bytes -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The account an alias names. */
    public Optional<String> accountOfAlias(String alias)
            throws IOException
    {
        return reader.get(ACCOUNT_ALIAS, "", alias).map(bytes -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Gives the account this alias, replacing its previous one; false (and nothing changed) when another account has
     * it.
     */
    public boolean setAccountAlias(String accountId, String alias)
            throws IOException
    {
        Optional<String> holder = accountOfAlias(alias);
        if (holder.isPresent()) {
            return holder.get().equals(accountId);
        }
        Optional<String> previous = accountAlias(accountId);
        if (previous.isPresent()) {
            writer().delete(ACCOUNT_ALIAS, "", previous.get());
        }
        writer().insert(ACCOUNT_ALIAS, "", alias, accountId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        writer().put(ALIAS_OF_ACCOUNT, accountId, "alias", alias.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return true;
    }

    /** False when the alias is not the account's. */
    public boolean deleteAccountAlias(String accountId, String alias)
            throws IOException
    {
        if (!accountAlias(accountId).equals(Optional.of(alias))) {
            return false;
        }
        writer().delete(ACCOUNT_ALIAS, "", alias);
        writer().delete(ALIAS_OF_ACCOUNT, accountId, "alias");
        return true;
    }

    // attached managed policies

    public List<String> attachedPolicyArns(String accountId, String userName)
            throws IOException
    {
        return policies().attachedArns(accountId, userName);
    }

    /** Returns false when already attached. */
    public boolean attachPolicy(String accountId, String userName, String policyArn)
            throws IOException
    {
        return policies().attach(accountId, userName, policyArn);
    }

    public boolean detachPolicy(String accountId, String userName, String policyArn)
            throws IOException
    {
        return policies().detach(accountId, userName, policyArn);
    }

    /** How many users of the account have the policy attached. */
    public int attachmentCount(String accountId, String policyArn)
            throws IOException
    {
        return policies().attachmentCount(accountId, policyArn);
    }

    private OwnedPolicies policies()
    {
        return new OwnedPolicies(reader, USER_POLICY, USER_ATTACHED_POLICY);
    }

    private static String nameKey(String name)
    {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String ownerPrefix(Optional<String> userName)
    {
        return userName.map(IdentityRepository::nameKey).orElse(ROOT_OWNER) + "/";
    }

    private byte[] encode(Object value)
            throws IOException
    {
        return mapper.writeValueAsBytes(value);
    }

    private <T> Optional<T> decode(Optional<byte[]> bytes, Class<T> type)
            throws IOException
    {
        return bytes.isEmpty() ? Optional.empty() : Optional.of(mapper.readValue(bytes.get(), type));
    }

    private <T> List<T> decodeAll(List<Document> documents, Class<T> type)
            throws IOException
    {
        List<T> values = new ArrayList<>(documents.size());
        for (Document document : documents) {
            values.add(mapper.readValue(document.value(), type));
        }
        return values;
    }
}
