package dev.syncr.server.dav;

import dev.syncr.server.http.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 4918's {@code If} header: lists of conditions (a lock's state token, or an entity tag, each maybe negated by
 * {@code Not}), each list for the request's resource or, tagged, for the resource it names. The header holds when any
 * list holds; a list holds when all its conditions do.
 */
record IfHeader(List<IfList> lists) {

    /** One list: {@code tag} the resource it is about (a URI), or null for the request's. */
    record IfList(String tag, List<Condition> conditions) {
    }

    /** {@code token} or {@code etag} (exactly one), negated with {@code not}. */
    record Condition(boolean not, String token, String etag) {
    }

    /** What a condition is checked against: a resource's lock tokens and its entity tag (null: none). */
    record State(Set<String> tokens, String etag) {
    }

    interface States {
        State of(String tag);
    }

    static IfHeader parse(String header) {
        List<IfList> lists = new ArrayList<>();
        String tag = null;
        int i = 0;
        while (i < header.length()) {
            char c = header.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '<') {
                int end = header.indexOf('>', i);
                if (end < 0) {
                    throw bad();
                }
                tag = header.substring(i + 1, end);
                i = end + 1;
            } else if (c == '(') {
                List<Condition> conditions = new ArrayList<>();
                i++;
                boolean not = false;
                while (true) {
                    while (i < header.length() && Character.isWhitespace(header.charAt(i))) {
                        i++;
                    }
                    if (i >= header.length()) {
                        throw bad();
                    }
                    char d = header.charAt(i);
                    if (d == ')') {
                        i++;
                        break;
                    } else if (header.startsWith("Not", i)) {
                        not = true;
                        i += 3;
                    } else if (d == '<' || d == '[') {
                        char close = d == '<' ? '>' : ']';
                        int end = header.indexOf(close, i);
                        if (end < 0) {
                            throw bad();
                        }
                        String value = header.substring(i + 1, end);
                        conditions.add(d == '<' ? new Condition(not, value, null) : new Condition(not, null, value));
                        not = false;
                        i = end + 1;
                    } else {
                        throw bad();
                    }
                }
                if (conditions.isEmpty()) {
                    throw bad();
                }
                lists.add(new IfList(tag, List.copyOf(conditions)));
            } else {
                throw bad();
            }
        }
        if (lists.isEmpty()) {
            throw bad();
        }
        return new IfHeader(List.copyOf(lists));
    }

    boolean holds(States states) {
        for (IfList list : lists) {
            State state = states.of(list.tag());
            boolean all = true;
            for (Condition c : list.conditions()) {
                boolean match = c.token() != null ? state.tokens().contains(c.token())
                        : state.etag() != null && state.etag().equals(c.etag());
                if (match == c.not()) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** The entity tag the header requires of a tagged resource ({@code <url> (["etag"])}), if any list names one. */
    Optional<String> etagFor(java.util.function.Predicate<String> isTheResource) {
        return lists.stream().filter(l -> l.tag() != null && isTheResource.test(l.tag()))
                .flatMap(l -> l.conditions().stream()).filter(c -> c.etag() != null && !c.not()).map(Condition::etag)
                .findFirst();
    }

    /** The lock tokens the header submits (those not negated), whatever list they are in. */
    Set<String> tokens() {
        Set<String> tokens = new LinkedHashSet<>();
        lists.forEach(l -> l.conditions().stream().filter(c -> c.token() != null && !c.not())
                .forEach(c -> tokens.add(c.token())));
        return tokens;
    }

    private static ApiException bad() {
        return ApiException.badRequest("the If header is malformed (RFC 4918, 10.4)");
    }
}
