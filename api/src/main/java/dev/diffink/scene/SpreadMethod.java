package dev.diffink.scene;

/** What a gradient paints beyond its ends. */
public enum SpreadMethod {
    PAD, REFLECT, REPEAT
}
