package dev.porcini.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.instrumentation.GenerateWrapper;
import com.oracle.truffle.api.instrumentation.InstrumentableNode;
import com.oracle.truffle.api.instrumentation.ProbeNode;
import com.oracle.truffle.api.instrumentation.StandardTags.StatementTag;
import com.oracle.truffle.api.instrumentation.Tag;
import com.oracle.truffle.api.nodes.Node;
import com.oracle.truffle.api.source.SourceSection;

/**
 * The one statement of a Wasm function, as Truffle's instruments see it: executed on entry and on
 * every loop back edge, so that {@code ResourceLimits.statementLimit} (and any statement-counting
 * tool) bounds every guest loop and recursion. Uninstrumented, {@link #execute} is empty and
 * compiles to nothing.
 */
@GenerateWrapper
public class StatementNode extends Node implements InstrumentableNode {
    private final SourceSection section;

    public StatementNode(SourceSection section) {
        this.section = section;
    }

    /** For the generated wrapper. */
    protected StatementNode(StatementNode delegate) {
        this.section = delegate.section;
    }

    public void execute(@SuppressWarnings("unused") VirtualFrame frame) {
    }

    @Override
    public boolean isInstrumentable() {
        return true;
    }

    @Override
    public WrapperNode createWrapper(ProbeNode probe) {
        return new StatementNodeWrapper(this, this, probe);
    }

    @Override
    public boolean hasTag(Class<? extends Tag> tag) {
        return tag == StatementTag.class;
    }

    @Override
    public SourceSection getSourceSection() {
        return section;
    }
}
