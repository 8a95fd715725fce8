using Engine.Neural.Onnx.Proto;

namespace Engine.Neural.Onnx;

/// <summary>
/// A node's attributes, refusing any the importer does not know for that operator: an unknown
/// attribute could change what the node computes.
/// </summary>
internal readonly struct OnnxAttributes
{
    private readonly NodeProto _node;

    public OnnxAttributes(NodeProto node, params string[] known)
    {
        _node = node;
        foreach (var attribute in node.Attribute)
        {
            if (!known.Contains(attribute.Name))
            {
                throw new OnnxImportException($"node '{node.Name}' (op {node.OpType}) has attribute '{attribute.Name}', which this importer does not take.");
            }
        }
    }

    public long Int(string name, long fallback) => Find(name, AttributeProto.Types.AttributeType.Int)?.I ?? fallback;

    public float Float(string name, float fallback) => Find(name, AttributeProto.Types.AttributeType.Float)?.F ?? fallback;

    private AttributeProto? Find(string name, AttributeProto.Types.AttributeType type)
    {
        var attribute = _node.Attribute.FirstOrDefault(a => a.Name == name);
        if (attribute is not null && attribute.Type != type)
        {
            throw new OnnxImportException($"node '{_node.Name}' (op {_node.OpType}) has attribute '{name}' of type {attribute.Type}; {type} expected.");
        }

        return attribute;
    }
}
