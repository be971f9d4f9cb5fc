package dev.diffink.scene;

/** An element of a scene: a shape, or a group with an opacity. */
public sealed interface Node permits Shape, Group {}
