package dev.cairn.core.api;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.EnumMap;
import java.util.Map;

/**
 * The models of every served service, loaded once.
 */
public final class ServiceCatalog
{
    private final Map<Service, ServiceModel> models = new EnumMap<>(Service.class);

    public ServiceCatalog(ObjectMapper mapper)
    {
        for (Service service : Service.values()) {
            models.put(service, ServiceModel.load(service, mapper));
        }
    }

    public ServiceModel model(Service service)
    {
        return models.get(service);
    }
}
