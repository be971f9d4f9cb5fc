package dev.diffink.scene;

public enum LineJoin {
    MITER, ROUND, BEVEL
}
