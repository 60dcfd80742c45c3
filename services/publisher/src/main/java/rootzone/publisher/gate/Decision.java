package rootzone.publisher.gate;

import rootzone.eventlog.VersionApplier.Refusal;
import rootzone.zone.ZoneDiff;

/** What the gates decided for one version. */
public sealed interface Decision {

    /**
     * Publish it: the delta from the previous version (the whole zone for the first) and, when the
     * blast-radius gate was overridden, the reason given, to be recorded in the event.
     */
    record Publish(ZoneDiff diff, BlastRadius blastRadius, String blastRadiusOverride) implements Decision {}

    /** The same serial with the same content as the last published version: nothing to do. */
    record AlreadyPublished() implements Decision {}

    record Refuse(Refusal refusal) implements Decision {}
}
