package dev.syncr.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncr.core.Namespace;
import dev.syncr.server.jdbc.Database;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link Accounts} promises, run on every database the server supports (one subclass each). */
abstract class AccountsContract {

    static final String PASSWORD = "correct horse battery staple";
    static final Passwords CHEAP = new Passwords(1024, 1);
    static final Duration LOCKOUT = Duration.ofMinutes(15);

    protected abstract Database createDatabase();

    Database database;
    Accounts accounts;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));

    @BeforeEach
    void open() {
        database = createDatabase();
        accounts = new Accounts(new AccountStore(database), CHEAP, LOCKOUT, () -> now.get());
    }

    @AfterEach
    void closeDatabase() throws Exception {
        database.close();
    }

    static UserName name(String s) {
        return UserName.parse(s);
    }

    @Test
    void a_new_user_gets_a_private_home_and_names_compare_without_case() {
        User alice = accounts.addUser(name("Alice"), PASSWORD, Optional.empty());
        User bob = accounts.addUser(name("bob"), PASSWORD, Optional.empty());
        assertThat(alice.name().value()).isEqualTo("alice");
        assertThat(alice.home()).isNotEqualTo(bob.home()).isNotEqualTo(Namespace.LOCAL);
        assertThat(accounts.users()).extracting(u -> u.name().value()).containsExactly("alice", "bob");
        assertThat(accounts.anyUsers()).isTrue();
        assertThatThrownBy(() -> accounts.addUser(name("ALICE"), PASSWORD, Optional.empty()))
                .isInstanceOf(AccountException.class).hasMessageContaining("already exists");
    }

    @Test
    void weak_passwords_and_bad_names_are_refused_and_change_nothing() {
        for (String weak : List.of("short", "password1", "12345678", "aaaaaaaaaa", "QwErTyUiOp", "carol-secret")) {
            assertThatThrownBy(() -> accounts.addUser(name("carol"), weak, Optional.empty()))
                    .as(weak).isInstanceOf(AccountException.class);
        }
        assertThatThrownBy(() -> UserName.parse("no spaces")).isInstanceOf(AccountException.class);
        assertThatThrownBy(() -> UserName.parse("")).isInstanceOf(AccountException.class);
        assertThat(accounts.anyUsers()).isFalse();
    }

    @Test
    void only_a_namespace_nobody_owns_can_be_adopted() {
        User first = accounts.addUser(name("first"), PASSWORD, Optional.of(Namespace.LOCAL));
        assertThat(first.home()).isEqualTo(Namespace.LOCAL);
        assertThatThrownBy(() -> accounts.addUser(name("second"), PASSWORD, Optional.of(Namespace.LOCAL)))
                .isInstanceOf(AccountException.class).hasMessageContaining("already belongs");
        assertThat(accounts.users()).hasSize(1);
        accounts.removeUser(name("first"));
        assertThat(accounts.addUser(name("second"), PASSWORD, Optional.of(Namespace.LOCAL)).home())
                .isEqualTo(Namespace.LOCAL);
    }

    @Test
    void a_token_authenticates_its_user_until_it_is_revoked() {
        User alice = accounts.addUser(name("alice"), PASSWORD, Optional.empty());
        IssuedToken laptop = accounts.createToken(alice.name(), "laptop");
        IssuedToken phone = accounts.createToken(alice.name(), "phone");
        assertThat(laptop.token()).startsWith("syncr_").hasSizeGreaterThanOrEqualTo(6 + 32);
        assertThat(laptop.token()).isNotEqualTo(phone.token());

        Caller caller = accounts.authenticate(laptop.token()).orElseThrow();
        assertThat(caller).isEqualTo(new Caller(alice.name(), laptop.details().id(), alice.home(), "laptop"));
        assertThat(accounts.authenticate("alice", laptop.token())).contains(caller);
        assertThat(accounts.authenticate("mallory", laptop.token())).isEmpty();

        accounts.revokeToken(laptop.details().id());
        assertThat(accounts.authenticate(laptop.token())).isEmpty();
        assertThat(accounts.authenticate(phone.token())).isPresent();
        assertThat(accounts.tokens(alice.name())).extracting(DeviceToken::label).containsExactly("phone");
        assertThatThrownBy(() -> accounts.revokeToken(laptop.details().id())).isInstanceOf(AccountException.class);
    }

    @Test
    void garbled_and_unknown_tokens_authenticate_no_one() {
        String real = accounts.createToken(accounts.addUser(name("alice"), PASSWORD, Optional.empty()).name(), "x")
                .token();
        List<String> wrong = new ArrayList<>(List.of("", "syncr_", "Bearer " + real, real + "0", real.toUpperCase(),
                real.substring(0, real.length() - 1) + (real.endsWith("0") ? "1" : "0"), "' OR 1=1 --"));
        for (String token : wrong) {
            assertThat(accounts.authenticate(token)).as(token).isEmpty();
        }
    }

    @Test
    void the_database_holds_only_hashes_of_tokens_and_passwords() throws Exception {
        User alice = accounts.addUser(name("alice"), PASSWORD, Optional.empty());
        String token = accounts.createToken(alice.name(), "laptop").token();
        StringBuilder everything = new StringBuilder();
        for (String table : List.of("users", "memberships", "device_tokens")) {
            database.call("dump", c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            everything.append(rs.getString(i)).append('|');
                        }
                    }
                }
                return null;
            });
        }
        assertThat(everything.toString()).contains("alice").contains("$argon2id$")
                .doesNotContain(token).doesNotContain(token.substring(6)).doesNotContain(PASSWORD);
    }

    @Test
    void last_use_is_recorded_at_most_once_a_minute() {
        User alice = accounts.addUser(name("alice"), PASSWORD, Optional.empty());
        IssuedToken token = accounts.createToken(alice.name(), "laptop");
        assertThat(accounts.tokens(alice.name()).getFirst().lastUsedAt()).isNull();
        Instant first = now.get();
        accounts.authenticate(token.token());
        now.set(first.plusSeconds(30));
        accounts.authenticate(token.token());
        assertThat(accounts.tokens(alice.name()).getFirst().lastUsedAt()).isEqualTo(first);
        now.set(first.plusSeconds(61));
        accounts.authenticate(token.token());
        assertThat(accounts.tokens(alice.name()).getFirst().lastUsedAt()).isEqualTo(first.plusSeconds(61));
    }

    @Test
    void removing_a_user_revokes_every_token_of_theirs_and_keeps_their_home_for_adoption() {
        User alice = accounts.addUser(name("alice"), PASSWORD, Optional.empty());
        String token = accounts.createToken(alice.name(), "laptop").token();
        User removed = accounts.removeUser(alice.name());
        assertThat(removed.home()).isEqualTo(alice.home());
        assertThat(accounts.authenticate(token)).isEmpty();
        assertThat(accounts.anyUsers()).isFalse();
        User again = accounts.addUser(name("alice"), PASSWORD, Optional.empty());
        assertThat(again.home()).as("a new user of the same name does not get the old files").isNotEqualTo(
                alice.home());
        assertThat(accounts.addUser(name("heir"), PASSWORD, Optional.of(alice.home())).home()).isEqualTo(alice.home());
    }

    @Test
    void login_issues_a_token_for_the_right_password_only_and_unknown_names_answer_alike() {
        accounts.addUser(name("alice"), PASSWORD, Optional.empty());
        LoginResult ok = accounts.login(" Alice ", PASSWORD, "laptop", "10.0.0.1");
        assertThat(ok).isInstanceOf(LoginResult.LoggedIn.class);
        String token = ((LoginResult.LoggedIn) ok).token().token();
        assertThat(accounts.authenticate(token).orElseThrow().user().value()).isEqualTo("alice");
        assertThat(accounts.login("alice", "wrong password", null, "10.0.0.1")).isEqualTo(new LoginResult.Refused());
        assertThat(accounts.login("nobody", PASSWORD, null, "10.0.0.1")).isEqualTo(new LoginResult.Refused());
        assertThat(accounts.login("not a name!", PASSWORD, null, "10.0.0.1")).isEqualTo(new LoginResult.Refused());
    }

    @Test
    void a_changed_password_works_at_once_and_old_device_tokens_keep_working() {
        User alice = accounts.addUser(name("alice"), PASSWORD, Optional.empty());
        String token = accounts.createToken(alice.name(), "laptop").token();
        accounts.changePassword(alice.name(), "a whole new passphrase", false);
        assertThat(accounts.login("alice", PASSWORD, null, "a")).isEqualTo(new LoginResult.Refused());
        assertThat(accounts.login("alice", "a whole new passphrase", null, "a"))
                .isInstanceOf(LoginResult.LoggedIn.class);
        assertThat(accounts.authenticate(token)).isPresent();
    }

    @Test
    void a_changed_password_signs_out_every_browser_and_with_revoke_tokens_every_device() {
        User alice = accounts.addUser(name("alice"), PASSWORD, Optional.empty());
        String laptop = accounts.createToken(alice.name(), "laptop").token();
        String browser = ((LoginResult.LoggedIn) accounts.signIn("alice", PASSWORD, "a")).token().token();
        assertThat(accounts.changePassword(alice.name(), "a whole new passphrase", false)).isEqualTo(1);
        assertThat(accounts.authenticate(browser)).as("signed in with the old password: out").isEmpty();
        assertThat(accounts.authenticate(laptop)).isPresent();
        assertThat(accounts.changePassword(alice.name(), "yet another passphrase", true)).isEqualTo(1);
        assertThat(accounts.authenticate(laptop)).as("--revoke-tokens").isEmpty();
    }

    @Test
    void a_browser_session_ends_when_idle_too_long_or_too_old_and_a_device_token_does_not() {
        accounts = new Accounts(new AccountStore(database), CHEAP, LOCKOUT, () -> now.get(),
                new TokenPolicy(java.time.Duration.ofHours(1), java.time.Duration.ofHours(10), 100));
        accounts.addUser(name("alice"), PASSWORD, Optional.empty());
        String device = ((LoginResult.LoggedIn) accounts.login("alice", PASSWORD, "laptop", "a")).token().token();
        String idle = ((LoginResult.LoggedIn) accounts.signIn("alice", PASSWORD, "a")).token().token();
        String busy = ((LoginResult.LoggedIn) accounts.signIn("alice", PASSWORD, "a")).token().token();
        for (int step = 1; step <= 11; step++) { // to 9 h 10 min
            now.set(now.get().plus(java.time.Duration.ofMinutes(50)));
            assertThat(accounts.authenticate(busy)).as("used every 50 minutes, %d", step).isPresent();
        }
        assertThat(accounts.authenticate(idle)).as("unused for over an hour").isEmpty();
        now.set(now.get().plus(java.time.Duration.ofMinutes(50)));
        assertThat(accounts.authenticate(busy)).as("ten hours after it began, however busy").isEmpty();
        assertThat(accounts.authenticate(device)).as("a device's token lasts until revoked").isPresent();
        assertThat(accounts.tokens(name("alice"))).as("ended sessions are gone from the list")
                .extracting(dev.syncr.server.accounts.DeviceToken::label).containsExactly("laptop");
    }

    @Test
    void a_user_holds_at_most_the_token_limit_and_a_new_sign_in_pushes_out_the_least_recently_used_session() {
        accounts = new Accounts(new AccountStore(database), CHEAP, LOCKOUT, () -> now.get(),
                new TokenPolicy(java.time.Duration.ofDays(1), java.time.Duration.ofDays(15), 3));
        User alice = accounts.addUser(name("alice"), PASSWORD, Optional.empty());
        accounts.createToken(alice.name(), "laptop");
        String older = ((LoginResult.LoggedIn) accounts.signIn("alice", PASSWORD, "a")).token().token();
        now.set(now.get().plus(java.time.Duration.ofMinutes(5)));
        String newer = ((LoginResult.LoggedIn) accounts.signIn("alice", PASSWORD, "a")).token().token();
        now.set(now.get().plus(java.time.Duration.ofMinutes(5)));
        assertThat(accounts.authenticate(older)).isPresent(); // used just now: the newer one is now the idler

        assertThat(accounts.signIn("alice", PASSWORD, "a")).isInstanceOf(LoginResult.LoggedIn.class);
        assertThat(accounts.tokens(alice.name())).hasSize(3);
        assertThat(accounts.authenticate(newer)).as("the least recently used session made room").isEmpty();
        assertThat(accounts.authenticate(older)).isPresent();

        accounts.createToken(alice.name(), "phone");
        accounts.createToken(alice.name(), "desktop");
        assertThat(accounts.tokens(alice.name())).extracting(dev.syncr.server.accounts.DeviceToken::label)
                .containsExactlyInAnyOrder("laptop", "phone", "desktop");
        assertThat(accounts.login("alice", PASSWORD, "tablet", "a")).as("only device tokens left to push out")
                .isEqualTo(new LoginResult.TooManyTokens(3));
        assertThatThrownBy(() -> accounts.createToken(alice.name(), "tablet")).isInstanceOf(AccountException.class)
                .hasMessageContaining("--max-tokens-per-user");
    }

    @Test
    void twenty_failures_lock_an_account_known_or_not_until_the_lockout_passes() {
        accounts.addUser(name("alice"), PASSWORD, Optional.empty());
        for (String user : List.of("alice", "ghost")) {
            for (int i = 0; i < Accounts.FAILURES_PER_ACCOUNT; i++) {
                assertThat(accounts.login(user, "wrong " + i, null, "10.0.0." + i))
                        .isEqualTo(new LoginResult.Refused());
            }
            LoginResult locked = accounts.login(user, PASSWORD, null, "10.9.9.9");
            assertThat(locked).as(user).isInstanceOf(LoginResult.Throttled.class);
            assertThat(((LoginResult.Throttled) locked).retryAfter()).isPositive().isLessThanOrEqualTo(LOCKOUT);
        }
        now.set(now.get().plus(LOCKOUT));
        assertThat(accounts.login("alice", PASSWORD, null, "10.9.9.9")).isInstanceOf(LoginResult.LoggedIn.class);
    }

    @Test
    void one_address_trying_many_names_runs_out_of_its_own_budget() {
        accounts.addUser(name("alice"), PASSWORD, Optional.empty());
        for (int i = 0; i < Accounts.FAILURES_PER_ADDRESS; i++) {
            accounts.login("user" + i, "wrong", null, "192.0.2.7");
        }
        assertThat(accounts.login("alice", PASSWORD, null, "192.0.2.7")).isInstanceOf(LoginResult.Throttled.class);
        assertThat(accounts.login("alice", PASSWORD, null, "192.0.2.8")).isInstanceOf(LoginResult.LoggedIn.class);
    }
}
