package dev.diffink.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.diffink.DiffInkException;
import org.junit.jupiter.api.Test;

/** Choosing the backend by option or by system property, and refusing names it does not know. */
class BackendTest {

    @Test
    void namesParseWhateverTheirCase() {
        assertEquals(Backend.Kind.JVM, Backend.parse("jvm"));
        assertEquals(Backend.Kind.TORNADO, Backend.parse("Tornado"));
        assertEquals(Backend.Kind.AUTO, Backend.parse("AUTO"));
    }

    @Test
    void anUnknownNameIsBadInputNamingWhereItCameFrom() {
        var option = assertThrows(DiffInkException.class, () -> Backend.parse("cuda"));
        assertTrue(option.getMessage().contains("--backend 'cuda'"), option.getMessage());
        var property = assertThrows(DiffInkException.class, () -> Backend.fromProperty("cuda"));
        assertTrue(property.getMessage().contains("-Ddiffink.backend=cuda"), property.getMessage());
        assertEquals(Backend.Kind.TORNADO, Backend.fromProperty("tornado"));
    }
}
