enum OpenAPIText { static let yaml = "openapi: 3.1.0\n" }
