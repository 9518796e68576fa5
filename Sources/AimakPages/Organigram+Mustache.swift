import Mustache

// The templates read these values by name. Mustache would find them by reflection (`Mirror`) on
// every lookup, which is most of a page's rendering time; naming them here is a switch instead.
// An empty mark reads as absent (`false`), so `{{#mark}}` is skipped.

extension Organigram: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "width": width
        case "height": height
        case "date": date
        case "idPrefix": idPrefix
        case "styles": styles
        case "middle": middle
        case "middleLeft": middleLeft
        case "middleRight": middleRight
        case "bandWidth": bandWidth
        case "stateLabel": stateLabel
        case "selfGovernmentLabel": selfGovernmentLabel
        case "bands": bands
        case "boxes": boxes
        case "arrows": arrows
        default: nil
        }
    }
}

extension Organigram.Box: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "label": label
        case "x": x
        case "y": y
        case "w": w
        case "h": h
        case "sphere": sphere
        case "level": level
        case "isPost": isPost
        case "elected": elected
        case "dashed": dashed
        case "mark": mark.isEmpty ? false as Any : mark as Any
        case "lines": lines
        case "title": title
        case "href": href
        case "badgeX": badgeX
        case "badgeY": badgeY
        default: nil
        }
    }
}

extension Organigram.TextLine: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "y": y
        case "text": text
        default: nil
        }
    }
}

extension Organigram.Arrow: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "kind": kind
        case "style": style
        case "from": from
        case "to": to
        case "path": path
        case "dashed": dashed
        case "mark": mark.isEmpty ? false as Any : mark as Any
        case "title": title
        default: nil
        }
    }
}

extension Organigram.Band: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "level": level
        case "label": label
        case "y": y
        case "h": h
        case "labelY": labelY
        case "shaded": shaded
        default: nil
        }
    }
}

extension Timeline: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "width": width
        case "marks": marks
        case "eras": eras
        case "ticks": ticks
        case "currentX": currentX
        case "current": current
        case "lineEnd": lineEnd
        case "formAction": formAction
        case "maxDate": maxDate
        case "minDate": minDate
        default: nil
        }
    }
}

extension Timeline.Mark: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "date": date
        case "title": title
        case "href": href
        default: nil
        }
    }
}

extension Timeline.Era: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "w": w
        case "label": label
        case "labelX": labelX
        case "href": href
        case "index": index
        case "from": from
        case "name": self.name
        default: nil
        }
    }
}

extension Timeline.Tick: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "year": year
        default: nil
        }
    }
}
