package dev.syncr.server.shares;

import dev.syncr.core.FileId;
import dev.syncr.core.SyncService;
import dev.syncr.core.share.Mount;
import dev.syncr.core.share.Role;
import dev.syncr.core.share.Tree;
import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.accounts.Caller;
import dev.syncr.server.accounts.User;
import dev.syncr.server.accounts.UserName;
import dev.syncr.server.jdbc.JdbcShares;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Shared folders: the rules over {@link JdbcShares}. Sharing a folder of one's home makes it a share (its files move,
 * history and all, into a namespace of its own, mounted back where it was); members get it mounted in their tree, at
 * the root under its name unless they move it. Only the owner manages members; a share the caller is not in, and a
 * user that does not exist, are not found.
 */
public final class Shares {

    /** A share as one of its members sees it. */
    public record View(JdbcShares.Share share, FileId path, Role role, List<JdbcShares.MountRow> members) {
    }

    private final JdbcShares store;
    private final Accounts accounts;
    private final SyncService root;
    private final Clock clock;

    public Shares(JdbcShares store, Accounts accounts, SyncService root, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.root = root;
        this.clock = clock;
    }

    /**
     * What the caller sees: their home with every share they are in mounted, and the mounts' own feed entries. In the
     * open local mode (no accounts) the tree is the one namespace.
     */
    public Tree treeOf(Caller caller) {
        return treeOf(caller, Tree.Guard.NONE);
    }

    /** As {@link #treeOf(Caller)}, every write first passing {@code guard} (the locks the caller holds no token of). */
    public Tree treeOf(Caller caller, Tree.Guard guard) {
        if (caller.user() == null) {
            return new Tree(root, null, caller.namespace(), caller.quotaBytes(), List.of(), List.of(),
                    (owner, except) -> 0, guard);
        }
        List<Mount> mounts = store.mountsOf(caller.user().value()).stream().map(m -> new Mount(m.path(),
                m.share().id(), m.share().namespace(), m.role(), m.share().owner(),
                accounts.quota(new UserName(m.share().owner())))).toList();
        List<Tree.MountEvent> events = store.eventsOf(caller.user().value()).stream()
                .map(e -> new Tree.MountEvent(e.position(), e.path(), e.mounted())).toList();
        return new Tree(root, caller.user().value(), caller.namespace(), caller.quotaBytes(), mounts, events,
                this::usageElsewhere, guard);
    }

    /**
     * What {@code owner}'s files hold outside {@code except}: their home and the folders they share, which one quota
     * counts together.
     */
    private long usageElsewhere(String owner, dev.syncr.core.Namespace except) {
        List<dev.syncr.core.Namespace> theirs = new java.util.ArrayList<>();
        accounts.user(new UserName(owner)).ifPresent(u -> theirs.add(u.home()));
        store.mountsOf(owner).stream().filter(m -> m.role() == Role.OWNER).forEach(m -> theirs.add(m.share()
                .namespace()));
        return theirs.stream().filter(ns -> !ns.equals(except)).mapToLong(ns -> root.in(ns).usage()).sum();
    }

    /**
     * Shares {@code path} with {@code with}: a folder of the caller's home becomes a share first; a share the caller
     * owns gets one more member.
     */
    public View share(Caller caller, FileId path, UserName with, Role role) {
        String owner = account(caller);
        User member = accounts.user(with).orElseThrow(() -> new ShareException(ShareException.Kind.NOT_FOUND,
                "no user '" + with + "'"));
        if (member.name().value().equals(owner)) {
            throw new ShareException(ShareException.Kind.REJECTED, "a folder is yours already; share it with "
                    + "someone else");
        }
        List<JdbcShares.MountRow> mine = store.mountsOf(owner);
        Optional<JdbcShares.MountRow> mounted = mine.stream().filter(m -> m.path().equals(path)).findFirst();
        JdbcShares.Share share;
        if (mounted.isPresent()) {
            if (mounted.get().role() != Role.OWNER) {
                throw notOwner(mounted.get());
            }
            share = mounted.get().share();
        } else {
            for (JdbcShares.MountRow m : mine) {
                if (path.value().startsWith(m.path().value() + "/")) {
                    throw new ShareException(ShareException.Kind.REJECTED, path + " is inside the shared folder "
                            + m.path() + "; share that folder, or move this one out of it first");
                }
                if (m.path().value().startsWith(path.value() + "/")) {
                    throw new ShareException(ShareException.Kind.REJECTED, path + " holds the shared folder "
                            + m.path() + "; a shared folder cannot be put inside another");
                }
            }
            share = store.share(owner, caller.namespace(), path, clock.instant());
        }
        if (!store.members(share.id()).stream().anyMatch(m -> m.user().equals(member.name().value()))) {
            FileId at = freePath(member, FileId.of(share.name()));
            if (!store.mount(share.id(), member.name().value(), member.home(), at, role)) {
                throw new ShareException(ShareException.Kind.TAKEN, "could not mount the folder for " + with
                        + "; try again");
            }
        } else {
            store.setRole(share.id(), member.name().value(), role);
        }
        return view(owner, share.id());
    }

    /** The shares in the caller's tree: theirs, and those shared with them (none without accounts). */
    public List<View> list(Caller caller) {
        if (caller.user() == null) {
            return List.of();
        }
        String user = caller.user().value();
        return store.mountsOf(user).stream().map(m -> new View(m.share(), m.path(), m.role(),
                store.members(m.share().id()))).toList();
    }

    public View view(Caller caller, long shareId) {
        return view(account(caller), shareId);
    }

    private View view(String user, long shareId) {
        JdbcShares.MountRow mine = mountOf(user, shareId);
        return new View(mine.share(), mine.path(), mine.role(), store.members(shareId));
    }

    /** Gives a member another role; only the owner may. */
    public View setRole(Caller caller, long shareId, UserName member, Role role) {
        String owner = account(caller);
        JdbcShares.MountRow mine = mountOf(owner, shareId);
        if (mine.role() != Role.OWNER) {
            throw notOwner(mine);
        }
        if (!store.setRole(shareId, member.value(), role)) {
            throw new ShareException(ShareException.Kind.NOT_FOUND, member + " is not a member of " + mine.path());
        }
        return view(owner, shareId);
    }

    /**
     * Takes a share out of a tree: the owner removes {@code member}, or a member (no {@code member}, or themselves)
     * leaves. Nothing on the server is deleted. The owner cannot leave their own share.
     */
    public void remove(Caller caller, long shareId, Optional<UserName> member) {
        String user = account(caller);
        JdbcShares.MountRow mine = mountOf(user, shareId);
        String leaving = member.map(UserName::value).orElse(user);
        if (!leaving.equals(user) && mine.role() != Role.OWNER) {
            throw notOwner(mine);
        }
        if (leaving.equals(user) && mine.role() == Role.OWNER) {
            throw new ShareException(ShareException.Kind.REJECTED, "you own " + mine.path() + "; remove its members "
                    + "instead of leaving it");
        }
        if (!store.unmount(shareId, leaving)) {
            throw new ShareException(ShareException.Kind.NOT_FOUND, leaving + " is not a member of " + mine.path());
        }
    }

    /** Moves or renames the caller's own mount of a share. */
    public View moveMount(Caller caller, long shareId, FileId to) {
        String user = account(caller);
        JdbcShares.MountRow mine = mountOf(user, shareId);
        if (!mine.path().equals(to) && !store.moveMount(shareId, user, caller.namespace(), to)) {
            throw new ShareException(ShareException.Kind.TAKEN, to + " is taken in your files (a file, a folder or "
                    + "another shared folder is there)");
        }
        return view(user, shareId);
    }

    /** The first of {@code name}, {@code name (2)}, … free at the root of the member's tree. */
    private FileId freePath(User member, FileId name) {
        for (int n = 1; n < 1000; n++) {
            FileId candidate = n == 1 ? name : FileId.of(name.value() + " (" + n + ")");
            if (store.free(member.name().value(), member.home(), candidate)) {
                return candidate;
            }
        }
        throw new ShareException(ShareException.Kind.TAKEN, "no free name for " + name + " in the member's files");
    }

    private JdbcShares.MountRow mountOf(String user, long shareId) {
        return store.mountsOf(user).stream().filter(m -> m.share().id() == shareId).findFirst()
                .orElseThrow(() -> new ShareException(ShareException.Kind.NOT_FOUND, "no share " + shareId));
    }

    private static ShareException notOwner(JdbcShares.MountRow mount) {
        return new ShareException(ShareException.Kind.NOT_OWNER, "only " + mount.share().owner() + ", who shared "
                + mount.path() + ", manages its members");
    }

    private static String account(Caller caller) {
        if (caller.user() == null) {
            throw new ShareException(ShareException.Kind.REJECTED, "sharing needs accounts: this server runs "
                    + "without users (add one with: user add NAME)");
        }
        return caller.user().value();
    }
}
