/// <reference types="@iamsmart/elements/react" />
