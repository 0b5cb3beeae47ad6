package dev.cairn.core.lake;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A query's tokens with their brackets matched: a token, or a bracketed group of nodes. The translator works on
 * this tree so that a function's arguments, a subquery or an array literal is one node.
 */
sealed interface SqlNode
{
    boolean spaceBefore();

    record Leaf(SqlToken token)
            implements SqlNode
    {
        public Leaf
        {
            requireNonNull(token, "token is null");
        }

        @Override
        public boolean spaceBefore()
        {
            return token.spaceBefore();
        }
    }

    /**
     * @param square whether the brackets are {@code [ ]} (an array literal or a subscript) rather than {@code ( )}
     */
    record Group(boolean square, List<SqlNode> items, boolean spaceBefore, int position)
            implements SqlNode
    {
        public Group
        {
            items = List.copyOf(items);
        }

        /** The items split at the commas of this level, as a function's arguments are. */
        List<List<SqlNode>> arguments()
        {
            List<List<SqlNode>> arguments = new ArrayList<>();
            List<SqlNode> current = new ArrayList<>();
            for (SqlNode item : items) {
                if (item instanceof Leaf leaf && leaf.token().isSymbol(",")) {
                    arguments.add(current);
                    current = new ArrayList<>();
                }
                else {
                    current.add(item);
                }
            }
            if (!current.isEmpty() || !arguments.isEmpty()) {
                arguments.add(current);
            }
            return arguments;
        }
    }

    /** Brackets nested deeper than this refuse the query, before they could exhaust the translator's stack. */
    int MAX_DEPTH = 64;

    /** Matches brackets; a bracket without its pair is {@code InvalidQueryStatementException}. */
    static List<SqlNode> parse(List<SqlToken> tokens)
    {
        int[] index = {0};
        List<SqlNode> nodes = items(tokens, index, null, 0);
        if (index[0] < tokens.size()) {
            SqlToken extra = tokens.get(index[0]);
            throw SqlTokenizer.invalid("The query has '%s' at character %d without a matching opening bracket: remove it or add the opening one"
                    .formatted(extra.text(), extra.position() + 1));
        }
        return nodes;
    }

    private static List<SqlNode> items(List<SqlToken> tokens, int[] index, SqlToken open, int depth)
    {
        if (depth > MAX_DEPTH) {
            throw SqlTokenizer.invalid("The query nests brackets more than %d deep (at character %d): simplify it, for example with WITH queries"
                    .formatted(MAX_DEPTH, open.position() + 1));
        }
        List<SqlNode> items = new ArrayList<>();
        String close = open == null ? null : open.isSymbol("(") ? ")" : "]";
        while (index[0] < tokens.size()) {
            SqlToken token = tokens.get(index[0]);
            if (token.isSymbol(")") || token.isSymbol("]")) {
                if (token.text().equals(close)) {
                    index[0]++;
                    return items;
                }
                if (open == null) {
                    return items;
                }
                throw mismatched(open);
            }
            index[0]++;
            if (token.isSymbol("(") || token.isSymbol("[")) {
                items.add(new Group(token.isSymbol("["), items(tokens, index, token, depth + 1), token.spaceBefore(), token.position()));
            }
            else {
                items.add(new Leaf(token));
            }
        }
        if (open != null) {
            throw mismatched(open);
        }
        return items;
    }

    private static RuntimeException mismatched(SqlToken open)
    {
        return SqlTokenizer.invalid("The query has '%s' at character %d without its closing bracket: close it with '%s'"
                .formatted(open.text(), open.position() + 1, open.isSymbol("(") ? ")" : "]"));
    }
}
