package rootzone.node.dns;

import java.util.ArrayList;
import java.util.List;
import rootzone.zone.RRset;

/**
 * What a response contains before it is encoded: the RRsets by section, in the order they were added,
 * each at most once (NSD's answer_type). Sections are encoded in the order of their constants; the
 * optional ones are dropped without TC when they do not fit.
 */
final class Answer {

    static final int ANSWER = 0;
    static final int AUTHORITY = 1;
    /** The apex NS added to positive answers: informative only, dropped silently when it does not fit. */
    static final int OPTIONAL_AUTHORITY = 2;
    static final int ADDITIONAL_A = 3;
    static final int ADDITIONAL_AAAA = 4;
    static final int SECTIONS = 5;

    /**
     * One RRset placed in a section; negativeTtl is set for the SOA of a negative answer (RFC 2308 §3);
     * required marks in-domain glue of a referral, which RFC 9471 §3 makes mandatory: when it does
     * not fit, the response is sent with TC instead of silently without it.
     */
    record Item(int section, RRset rrset, boolean negativeTtl, boolean required) {}

    final int rcode;
    final boolean authoritative;
    /** A referral: a referral whose glue A records were all dropped is truncated rather than sent. */
    final boolean delegation;
    private final List<Item> items = new ArrayList<>();
    /** What the plan read outside the node it answers for (see Dependency). */
    private final List<Dependency> dependencies = new ArrayList<>();

    Answer(int rcode, boolean authoritative, boolean delegation) {
        this.rcode = rcode;
        this.authoritative = authoritative;
        this.delegation = delegation;
    }

    /** Adds a set unless already present; a set already present moves to the earlier of the two sections. */
    void add(int section, RRset rrset, boolean negativeTtl, boolean required) {
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (it.rrset() == rrset) {
                if (section < it.section()) {
                    items.set(i, new Item(section, rrset, negativeTtl, required || it.required()));
                } else if (required && !it.required()) {
                    items.set(i, new Item(it.section(), rrset, it.negativeTtl(), true));
                }
                return;
            }
        }
        items.add(new Item(section, rrset, negativeTtl, required));
    }

    void add(int section, RRset rrset, boolean negativeTtl) {
        add(section, rrset, negativeTtl, false);
    }

    void add(int section, RRset rrset) {
        add(section, rrset, false, false);
    }

    List<Item> items() {
        return items;
    }

    void dependsOn(Dependency d) {
        dependencies.add(d);
    }

    Dependency[] dependencies() {
        return dependencies.toArray(new Dependency[0]);
    }
}
