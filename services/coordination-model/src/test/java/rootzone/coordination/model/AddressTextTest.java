package rootzone.coordination.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import rootzone.coordination.model.notice.NoticeChanges;

class AddressTextTest {

    private static String text(String literal) {
        return AddressText.of(NoticeChanges.address(literal));
    }

    @Test
    void rfc5952Forms() {
        assertEquals("2001:500:200::b", text("2001:0500:0200:0000:0000:0000:0000:000B"));
        assertEquals("2001:db8::1:0:0:1", text("2001:db8:0:0:1:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", text("2001:db8::1:1:1:1:1"));
        assertEquals("::", text("::"));
        assertEquals("::1", text("::1"));
        assertEquals("fe80::", text("fe80::"));
        assertEquals("198.41.0.4", text("198.41.0.4"));
    }
}
