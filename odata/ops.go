package odata

// BinaryOp is a binary operator of a filter expression, by its canonical lower-case
// name: the name prints in the AST's and plan's S-expressions and in cache keys.
type BinaryOp string

const (
	OpOr    BinaryOp = "or"
	OpAnd   BinaryOp = "and"
	OpEq    BinaryOp = "eq"
	OpNe    BinaryOp = "ne"
	OpGt    BinaryOp = "gt"
	OpGe    BinaryOp = "ge"
	OpLt    BinaryOp = "lt"
	OpLe    BinaryOp = "le"
	OpAdd   BinaryOp = "add"
	OpSub   BinaryOp = "sub"
	OpMul   BinaryOp = "mul"
	OpDiv   BinaryOp = "div"
	OpDivBy BinaryOp = "divby"
	OpMod   BinaryOp = "mod"
	OpHas   BinaryOp = "has"
	OpIn    BinaryOp = "in"
)

func (op BinaryOp) String() string { return string(op) }

// Prec is the operator's precedence (precOr … precHas); precAtom for a non-operator.
func (op BinaryOp) Prec() int {
	switch op {
	case OpOr:
		return precOr
	case OpAnd:
		return precAnd
	case OpEq, OpNe:
		return precEq
	case OpGt, OpGe, OpLt, OpLe:
		return precRel
	case OpAdd, OpSub:
		return precAdd
	case OpMul, OpDiv, OpDivBy, OpMod:
		return precMul
	case OpHas, OpIn:
		return precHas
	}
	return precAtom
}

// Comparison reports whether op is eq ne gt ge lt le.
func (op BinaryOp) Comparison() bool { p := op.Prec(); return p == precEq || p == precRel }

// Logical reports whether op is and / or.
func (op BinaryOp) Logical() bool { return op == OpAnd || op == OpOr }

// Arithmetic reports whether op is add sub mul div divby mod.
func (op BinaryOp) Arithmetic() bool { p := op.Prec(); return p == precAdd || p == precMul }

// UnaryOp is `not` or `-`.
type UnaryOp string

const (
	OpNot UnaryOp = "not"
	OpNeg UnaryOp = "-"
)

func (op UnaryOp) String() string { return string(op) }
