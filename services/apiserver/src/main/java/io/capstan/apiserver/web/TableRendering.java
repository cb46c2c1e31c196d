package io.capstan.apiserver.web;

import io.capstan.apiserver.crd.CustomResourceStrategy;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.table.TableConvertor;
import io.capstan.apiserver.table.TableWriter;
import io.capstan.apiserver.table.Tables;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/** Picks the printer of a kind (a CRD's printer columns for custom resources) and writes the Table. */
@Component
public class TableRendering implements TableRenderer {

  @Override
  public ObjectNode render(Served served, List<ObjectNode> objects, String resourceVersion, String continueToken,
      Long remaining, String includeObject, boolean withColumns) {
    TableConvertor convertor = served.strategy() instanceof CustomResourceStrategy c
        ? Tables.forCustomResource(c.printerColumns()) : Tables.forResource(served.type());
    return TableWriter.of(convertor)
        .includeObject(TableWriter.IncludeObject.fromQuery(includeObject))
        .objectType(served.type().apiVersion(), served.type().kind())
        .columnDefinitions(withColumns)
        .list(objects, resourceVersion, continueToken, remaining);
  }
}
