package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Option values from outside the command line, for picocli: the environment variable {@code CAIRN_<NAME>} (the
 * option name in upper snake case) first, then the YAML config file named by {@code --config} or
 * {@code CAIRN_CONFIG}, whose keys are option names without dashes ({@code data-dir: /var/lib/cairn}), then the
 * defaults. Command-line options win over all. A key in the file that no option has stops startup.
 */
final class ConfigSources
        implements CommandLine.IDefaultValueProvider
{
    private final Map<String, String> environment;
    private final Map<String, String> file;

    private ConfigSources(Map<String, String> environment, Map<String, String> file)
    {
        this.environment = environment;
        this.file = file;
    }

    static ConfigSources load(String[] args, Map<String, String> environment)
    {
        Optional<Path> configFile = configFile(args).or(() -> Optional.ofNullable(environment.get("CAIRN_CONFIG"))).map(Path::of);
        Map<String, String> values = new LinkedHashMap<>();
        if (configFile.isPresent()) {
            values.putAll(readYaml(configFile.get()));
        }
        return new ConfigSources(environment, values);
    }

    private static Optional<String> configFile(String[] args)
    {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Optional.of(args[i].substring("--config=".length()));
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> readYaml(Path path)
    {
        if (!Files.isReadable(path)) {
            throw new ConfigException("config file " + path + " cannot be read");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
        }
        catch (IOException e) {
            throw new ConfigException("config file " + path + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return values;
        }
        if (!root.isObject()) {
            throw new ConfigException("config file " + path + " must be a map of option names to values");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            JsonNode value = field.getValue();
            String text = value.isArray()
                    ? java.util.stream.StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(","))
                    : value.asText();
            values.put(field.getKey(), text);
        }
        return values;
    }

    /** Fails on config file keys that no option of the command has. */
    void checkKeys(CommandLine.Model.CommandSpec spec, String source)
    {
        Set<String> known = spec.options().stream()
                .filter(option -> !option.usageHelp() && !option.versionHelp())
                .map(option -> option.longestName().replaceFirst("^--", ""))
                .filter(name -> !name.equals("config"))
                .collect(Collectors.toSet());
        for (String key : file.keySet()) {
            if (!known.contains(key)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown option '" + key + "' in " + source + "; known: " + known.stream().sorted().toList());
            }
        }
    }

    static String environmentName(String optionName)
    {
        return "CAIRN_" + optionName.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argument)
    {
        if (!(argument instanceof CommandLine.Model.OptionSpec option)) {
            return null;
        }
        String name = option.longestName();
        if (name.equals("--config")) {
            return null;
        }
        String fromEnvironment = environment.get(environmentName(name));
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        String fromFile = file.get(name.replaceFirst("^--", ""));
        if (fromFile != null) {
            return fromFile;
        }
        if (option.command() != null && (option.command().userObject() instanceof ServeCommand || option.command().userObject() instanceof CreateBucketCommand)) {
            // serve's defaults are its components' (CairnConfig, HttpConfig, ...), not the annotations'; create-bucket shares its --data-dir
            return ServeCommand.DEFAULTS.getOrDefault(name, option.defaultValue());
        }
        return option.defaultValue();
    }

    boolean hasFileValues()
    {
        return !file.isEmpty();
    }

    /** A config file that cannot be used: reported as one line, like a bad option. */
    static final class ConfigException
            extends RuntimeException
    {
        ConfigException(String message)
        {
            super(message, null, false, false);
        }
    }

    static List<String> splitList(String text)
    {
        return java.util.Arrays.stream(text.split(",")).map(String::trim).filter(part -> !part.isEmpty()).toList();
    }
}
