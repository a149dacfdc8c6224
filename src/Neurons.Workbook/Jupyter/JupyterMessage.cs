using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetMQ;

namespace Neurons.Workbook.Jupyter;

/// <summary>
/// A Jupyter message (messaging protocol 5.3) as it travels on a socket: the routing identities,
/// the delimiter, the HMAC signature, then header, parent header, metadata and content as JSON.
/// </summary>
public sealed record JupyterMessage(
    IReadOnlyList<byte[]> Identities,
    JsonObject Header,
    JsonObject ParentHeader,
    JsonObject Metadata,
    JsonObject Content)
{
    public const string ProtocolVersion = "5.3";
    private const string Delimiter = "<IDS|MSG>";

    public string MessageType => Header["msg_type"]?.GetValue<string>() ?? "";

    public string MessageId => Header["msg_id"]?.GetValue<string>() ?? "";

    /// <summary>A new message answering or caused by <paramref name="parent"/> (null for none).</summary>
    public static JupyterMessage Create(string messageType, JsonObject content, JupyterMessage? parent, string session, IReadOnlyList<byte[]>? identities = null) =>
        new(identities ?? parent?.Identities ?? [],
            new JsonObject
            {
                ["msg_id"] = Guid.NewGuid().ToString(),
                ["session"] = session,
                ["username"] = "kernel",
                ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
                ["msg_type"] = messageType,
                ["version"] = ProtocolVersion,
            },
            parent is null ? new JsonObject() : (JsonObject)parent.Header.DeepClone(),
            new JsonObject(),
            content);

    /// <summary>The frames to send, signed with <paramref name="signer"/>.</summary>
    public NetMQMessage ToFrames(MessageSigner signer)
    {
        var parts = new[] { Header, ParentHeader, Metadata, Content }
            .Select(p => Encoding.UTF8.GetBytes(p.ToJsonString()))
            .ToArray();
        var message = new NetMQMessage();
        foreach (var identity in Identities)
        {
            message.Append(identity);
        }
        message.Append(Delimiter);
        message.Append(signer.Sign(parts));
        foreach (var part in parts)
        {
            message.Append(part);
        }
        return message;
    }

    /// <summary>
    /// Reads the frames of a received message; a message whose signature does not verify, or that is
    /// not shaped as the protocol says, is refused with the reason (and must not be acted on).
    /// </summary>
    public static bool TryParse(NetMQMessage frames, MessageSigner signer, out JupyterMessage? message, out string? problem)
    {
        message = null;
        var all = frames.Select(f => f.ToByteArray()).ToList();
        var delimiter = all.FindIndex(f => f.AsSpan().SequenceEqual(Encoding.ASCII.GetBytes(Delimiter)));
        if (delimiter < 0 || all.Count < delimiter + 6)
        {
            problem = $"not a Jupyter message: {all.Count} frames and {(delimiter < 0 ? "no" : "a")} {Delimiter} delimiter";
            return false;
        }
        var signature = Encoding.ASCII.GetString(all[delimiter + 1]);
        var parts = all.Skip(delimiter + 2).Take(4).ToArray();
        if (!signer.Verify(signature, parts))
        {
            problem = $"the signature \"{(signature.Length > 16 ? signature[..16] + "…" : signature)}\" does not match the message signed with the connection's key";
            return false;
        }
        try
        {
            var objects = parts.Select(p => JsonNode.Parse(p) as JsonObject ?? new JsonObject()).ToArray();
            message = new JupyterMessage(all.Take(delimiter).ToArray(), objects[0], objects[1], objects[2], objects[3]);
            problem = null;
            return true;
        }
        catch (JsonException e)
        {
            problem = $"a part of the message is not JSON: {e.Message}";
            return false;
        }
    }
}

/// <summary>The connection's signature scheme: HMAC-SHA256 over header, parent header, metadata and content.</summary>
public sealed class MessageSigner
{
    private readonly byte[] _key;

    public MessageSigner(string scheme, string key)
    {
        if (key.Length > 0 && scheme != "hmac-sha256")
        {
            throw new ArgumentException($"the signature scheme \"{scheme}\" is not supported; only hmac-sha256 is", nameof(scheme));
        }
        _key = Encoding.UTF8.GetBytes(key);
    }

    /// <summary>An empty key means signing is off, as the protocol says.</summary>
    public bool Enabled => _key.Length > 0;

    public string Sign(IReadOnlyList<byte[]> parts)
    {
        if (!Enabled)
        {
            return "";
        }
        using var hmac = new HMACSHA256(_key);
        foreach (var part in parts)
        {
            hmac.TransformBlock(part, 0, part.Length, null, 0);
        }
        hmac.TransformFinalBlock([], 0, 0);
        return Convert.ToHexStringLower(hmac.Hash!);
    }

    public bool Verify(string signature, IReadOnlyList<byte[]> parts)
    {
        if (!Enabled)
        {
            return true;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(parts));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}

/// <summary>The connection file Jupyter writes for a kernel: transport, address, ports, key and scheme.</summary>
public sealed record ConnectionInfo(string Transport, string Ip, int ShellPort, int IopubPort, int StdinPort, int ControlPort, int HeartbeatPort, string Key, string SignatureScheme)
{
    public static ConnectionInfo Read(string path)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                   ?? throw new ConnectionFileException($"the connection file {path} is not a JSON object");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ConnectionFileException($"cannot read the connection file {path}: {e.Message}");
        }
        int Port(string name) => json[name] is JsonValue v && v.TryGetValue<int>(out var port) && port is > 0 and < 65536
            ? port
            : throw new ConnectionFileException($"the connection file {path} has no valid {name}: {json[name]?.ToJsonString() ?? "missing"}");
        string Text(string name, string fallback) => json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : fallback;
        return new ConnectionInfo(Text("transport", "tcp"), Text("ip", "127.0.0.1"),
            Port("shell_port"), Port("iopub_port"), Port("stdin_port"), Port("control_port"), Port("hb_port"),
            Text("key", ""), Text("signature_scheme", "hmac-sha256"));
    }

    public string Address(int port) => Transport == "ipc" ? $"ipc://{Ip}-{port}" : $"{Transport}://{Ip}:{port}";
}

public sealed class ConnectionFileException(string message) : Exception(message);
