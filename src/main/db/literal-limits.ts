import {
  LimitNode,
  OffsetNode,
  OperationNodeTransformer,
  ValueNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** A whole number as a bound LIMIT/OFFSET value becomes the same number written into the SQL. */
function literal(node: OperationNode): OperationNode {
  if (ValueNode.is(node) && !node.immediate && Number.isSafeInteger(node.value)) return ValueNode.createImmediate(node.value);
  return node;
}

class LiteralLimitTransformer extends OperationNodeTransformer {
  protected override transformLimit(node: LimitNode): LimitNode {
    return LimitNode.create(literal(super.transformLimit(node).limit));
  }

  protected override transformOffset(node: OffsetNode): OffsetNode {
    return OffsetNode.create(literal(super.transformOffset(node).offset));
  }
}

/**
 * Writes integer LIMIT and OFFSET values into the SQL instead of binding them. SQLite's planner
 * reads a bound LIMIT's value, so the statement is marked stale whenever that parameter is
 * bound again and is re-prepared on every call: on a one-row search that re-planning cost
 * several times the query itself. Only safe integers are inlined (they cannot carry SQL), and
 * each page size then has its own cached statement.
 */
export class LiteralLimitsPlugin implements KyselyPlugin {
  readonly #transformer = new LiteralLimitTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
